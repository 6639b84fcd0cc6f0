/**
 * Auto-configuration of cacheobj's health contributors.
 */
@NullMarked
package io.cacheobj.autoconfigure.health;

import org.jspecify.annotations.NullMarked;
