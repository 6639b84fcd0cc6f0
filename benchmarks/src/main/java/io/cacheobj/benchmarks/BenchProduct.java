package io.cacheobj.benchmarks;

import jakarta.persistence.Cacheable;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * The Hibernate benchmarks' entity: an id and five strings, cached {@code READ_WRITE}.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.READ_WRITE)
public class BenchProduct {

	@Id
	private Long id;

	private String p1;

	private String p2;

	private String p3;

	private String p4;

	private String p5;

	protected BenchProduct() {
	}

	BenchProduct(Long id) {
		this.id = id;
		this.p1 = BenchData.value(id.intValue(), 1);
		this.p2 = BenchData.value(id.intValue(), 2);
		this.p3 = BenchData.value(id.intValue(), 3);
		this.p4 = BenchData.value(id.intValue(), 4);
		this.p5 = BenchData.value(id.intValue(), 5);
	}

	public Long getId() {
		return this.id;
	}

	public String getP1() {
		return this.p1;
	}

	public String getP5() {
		return this.p5;
	}

}
