package io.cacheobj.benchmarks;

import org.redisson.api.annotation.REntity;
import org.redisson.api.annotation.RId;

/**
 * The benchmarks' object as a Redisson live object.
 */
@REntity
public class BenchUserLive {

	@RId
	private String id;

	private String p1;

	private String p2;

	private String p3;

	private String p4;

	private String p5;

	public String getId() {
		return this.id;
	}

	public void setId(String id) {
		this.id = id;
	}

	public String getP1() {
		return this.p1;
	}

	public void setP1(String p1) {
		this.p1 = p1;
	}

	public String getP2() {
		return this.p2;
	}

	public void setP2(String p2) {
		this.p2 = p2;
	}

	public String getP3() {
		return this.p3;
	}

	public void setP3(String p3) {
		this.p3 = p3;
	}

	public String getP4() {
		return this.p4;
	}

	public void setP4(String p4) {
		this.p4 = p4;
	}

	public String getP5() {
		return this.p5;
	}

	public void setP5(String p5) {
		this.p5 = p5;
	}

}
