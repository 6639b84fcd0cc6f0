package io.cacheobj.benchmarks;

import org.springframework.data.repository.CrudRepository;

/**
 * The Spring Data Redis repository of {@link BenchUserHash}.
 */
public interface BenchUserHashRepository extends CrudRepository<BenchUserHash, String> {

}
