/**
 * Auto-configuration of cacheobj: properties, backends, the repository and start-up
 * failure reports.
 */
@NullMarked
package io.cacheobj.autoconfigure;

import org.jspecify.annotations.NullMarked;
