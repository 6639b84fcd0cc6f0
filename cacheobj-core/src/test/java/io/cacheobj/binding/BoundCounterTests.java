package io.cacheobj.binding;

import io.cacheobj.backend.StoredValue;
import io.cacheobj.binding.BindingFixtures.Stats;
import io.cacheobj.binding.BindingFixtures.UserCache;
import org.junit.jupiter.api.Test;

import static io.cacheobj.binding.BindingFixtures.binding;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

/**
 * Tests for {@link BoundCounter}.
 */
class BoundCounterTests extends BindingTestSupport {

	@Test
	void counterCountsOnItsBackend() {
		UserCache user = this.repository.get(UserCache.class, 10);
		assertThat(user.logins.get()).isZero();
		assertThat(user.logins.incrementAndGet()).isEqualTo(1);
		assertThat(user.logins.addAndGet(10)).isEqualTo(11);
		assertThat(this.repository.get(UserCache.class, 10).logins.get()).isEqualTo(11);
		user.logins.set(100);
		assertThat(new String(this.local.get("UserCache.10.logins").bytes())).isEqualTo("100");
		assertThat(user.logins.delete()).isTrue();
		assertThat(user.logins.get()).isZero();
	}

	@Test
	void ignoredFailuresStillRefuseValuesThatDoNotDecode() {
		CacheObjBinding ignoring = CacheObjBinding.builder()
			.backend("local", this.local, null)
			.backend("remote", this.remote, null)
			.defaultBackend("local")
			.ignoreFailures("local")
			.ignoreFailures("remote")
			.build();
		this.remote.set("Stats.visits", StoredValue.of("not a number".getBytes()), null);
		Stats stats = new Stats();
		ignoring.bindFields(stats, Stats.class);
		assertThatExceptionOfType(io.cacheobj.CacheValueException.class).isThrownBy(stats.visits::get);
	}

}
