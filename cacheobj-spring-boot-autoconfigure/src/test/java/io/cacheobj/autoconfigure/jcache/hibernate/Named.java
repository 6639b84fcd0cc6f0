package io.cacheobj.autoconfigure.jcache.hibernate;

import java.util.Set;

/**
 * What the test entities have in common.
 */
public interface Named {

	Long getId();

	String getName();

	void setName(String name);

	Set<String> getTags();

}
