/**
 * The backend SPI: what a cache must do to store cacheobj properties.
 */
@NullMarked
package io.cacheobj.backend;

import org.jspecify.annotations.NullMarked;
