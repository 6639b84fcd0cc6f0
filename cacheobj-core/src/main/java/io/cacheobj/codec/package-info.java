/**
 * Encoding of property values to the bytes and flags a backend stores, compatible with
 * the Python library {@code cacheobj}.
 */
@NullMarked
package io.cacheobj.codec;

import org.jspecify.annotations.NullMarked;
