package io.cacheobj.autoconfigure.jcache;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.function.Function;

import io.cacheobj.autoconfigure.jcache.hibernate.Named;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import org.hibernate.SessionFactory;
import org.hibernate.stat.Statistics;

/**
 * One session factory of a test, as one node of an application: each call is its own
 * entity manager and transaction.
 */
final class HibernateNode {

	private final EntityManagerFactory entityManagerFactory;

	HibernateNode(EntityManagerFactory entityManagerFactory) {
		this.entityManagerFactory = entityManagerFactory;
	}

	Statistics statistics() {
		return this.entityManagerFactory.unwrap(SessionFactory.class).getStatistics();
	}

	void evictAll() {
		this.entityManagerFactory.getCache().evictAll();
		statistics().clear();
	}

	void persist(Object entity) {
		inTransaction((manager) -> manager.persist(entity));
	}

	/**
	 * The entity's name and tags, its collection read too, or null when it is absent.
	 */
	String read(Class<? extends Named> type, Long id) {
		return apply((manager) -> {
			Named found = manager.find(type, id);
			return (found != null) ? found.getName() + new TreeSet<>(found.getTags()) : null;
		});
	}

	void rename(Class<? extends Named> type, Long id, String name) {
		inTransaction((manager) -> manager.find(type, id).setName(name));
	}

	List<Long> idsNamed(Class<? extends Named> type, String name) {
		return apply((manager) -> manager.createQuery(query(type), Long.class)
			.setParameter("name", name)
			.setHint("org.hibernate.cacheable", true)
			.getResultList());
	}

	static String query(Class<? extends Named> type) {
		return "select e.id from " + type.getSimpleName() + " e where e.name = :name";
	}

	static Set<String> tags(String... tags) {
		return new TreeSet<>(List.of(tags));
	}

	private void inTransaction(Consumer<EntityManager> work) {
		apply((manager) -> {
			work.accept(manager);
			return null;
		});
	}

	private <T> T apply(Function<EntityManager, T> work) {
		try (EntityManager manager = this.entityManagerFactory.createEntityManager()) {
			manager.getTransaction().begin();
			try {
				T result = work.apply(manager);
				manager.getTransaction().commit();
				return result;
			}
			finally {
				if (manager.getTransaction().isActive()) {
					manager.getTransaction().rollback();
				}
			}
		}
	}

}
