package dev.lag.selector.runners;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A {@link CandidateTask} sent to a worker as bytes, run on the device the worker was started with;
 * its result comes back as bytes ({@link TaskResult#toBytes}).
 */
final class RemoteTask implements Callable<byte[]>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RemoteTask.class);

  private final byte[] task;
  private transient HazelcastInstance instance;

  RemoteTask(CandidateTask task) {
    this.task = TaskBytes.encode(task);
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public byte[] call() {
    String device =
        instance == null
            ? null
            : instance.getCluster().getLocalMember().getAttribute(ClusterConfig.DEVICE);
    CandidateTask t = TaskBytes.decode(task);
    LOG.info("running {} to step {} on {}", t.name(), t.until(), device);
    return TaskExecution.run(t, device).toBytes();
  }
}
