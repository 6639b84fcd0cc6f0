/**
 * Auto-configuration of cacheobj's actuator endpoint and of the masking of its settings.
 */
@NullMarked
package io.cacheobj.autoconfigure.actuate;

import org.jspecify.annotations.NullMarked;
