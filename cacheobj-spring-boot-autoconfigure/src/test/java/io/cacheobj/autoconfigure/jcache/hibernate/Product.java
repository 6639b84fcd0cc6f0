package io.cacheobj.autoconfigure.jcache.hibernate;

import java.util.LinkedHashSet;
import java.util.Set;

import jakarta.persistence.Cacheable;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import org.hibernate.annotations.Cache;
import org.hibernate.annotations.CacheConcurrencyStrategy;

/**
 * An entity cached {@code NONSTRICT_READ_WRITE}, with a cached collection.
 */
@Entity
@Cacheable
@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE)
public class Product implements Named {

	@Id
	private Long id;

	private String name;

	@ElementCollection
	@Cache(usage = CacheConcurrencyStrategy.NONSTRICT_READ_WRITE)
	private Set<String> tags = new LinkedHashSet<>();

	protected Product() {
	}

	public Product(Long id, String name, Set<String> tags) {
		this.id = id;
		this.name = name;
		this.tags = new LinkedHashSet<>(tags);
	}

	@Override
	public Long getId() {
		return this.id;
	}

	@Override
	public String getName() {
		return this.name;
	}

	@Override
	public void setName(String name) {
		this.name = name;
	}

	@Override
	public Set<String> getTags() {
		return this.tags;
	}

}
