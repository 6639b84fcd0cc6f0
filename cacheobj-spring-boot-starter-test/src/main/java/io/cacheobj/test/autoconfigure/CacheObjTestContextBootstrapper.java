package io.cacheobj.test.autoconfigure;

import org.springframework.boot.test.autoconfigure.TestSliceTestContextBootstrapper;

/**
 * Bootstraps {@link CacheObjTest} tests, adding the annotation's properties.
 */
class CacheObjTestContextBootstrapper extends TestSliceTestContextBootstrapper<CacheObjTest> {

}
