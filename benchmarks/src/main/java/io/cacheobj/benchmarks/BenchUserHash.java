package io.cacheobj.benchmarks;

import org.springframework.data.annotation.Id;
import org.springframework.data.redis.core.RedisHash;

/**
 * The benchmarks' object as a Spring Data Redis hash.
 *
 * @param id the id
 * @param p1 property 1
 * @param p2 property 2
 * @param p3 property 3
 * @param p4 property 4
 * @param p5 property 5
 */
@RedisHash("BenchUserHash")
public record BenchUserHash(@Id String id, String p1, String p2, String p3, String p4, String p5) {

}
