/**
 * The near cache SPI: sources of server-pushed invalidations that keep a local copy of
 * backend values coherent.
 */
@NullMarked
package io.cacheobj.backend.near;

import org.jspecify.annotations.NullMarked;
