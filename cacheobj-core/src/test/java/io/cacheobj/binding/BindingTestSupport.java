package io.cacheobj.binding;

import io.cacheobj.CacheEntityRepository;
import io.cacheobj.backend.memory.MemoryCacheBackend;
import io.cacheobj.testsupport.RecordingCacheBackend;

/**
 * The binding that the tests of this package share: two recorded memory backends,
 * {@code local} (the default) and {@code remote}; see {@link BindingFixtures#binding}.
 */
abstract class BindingTestSupport {

	protected final RecordingCacheBackend local = new RecordingCacheBackend(
			MemoryCacheBackend.builder("local").build());

	protected final RecordingCacheBackend remote = new RecordingCacheBackend(
			MemoryCacheBackend.builder("remote").build());

	protected final CacheObjBinding binding = BindingFixtures.binding(this.local, this.remote);

	protected final CacheEntityRepository repository = this.binding.repository();

}
