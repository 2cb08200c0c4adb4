package dev.lag.selector.run;

import com.hazelcast.core.HazelcastInstance;
import com.hazelcast.core.HazelcastInstanceAware;
import java.io.Serializable;
import java.util.concurrent.Callable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A {@link CandidateTask} sent to a worker, run on the device the worker was started with. */
final class RemoteTask implements Callable<TaskResult>, Serializable, HazelcastInstanceAware {
  private static final long serialVersionUID = 1L;
  private static final Logger LOG = LoggerFactory.getLogger(RemoteTask.class);

  private final CandidateTask task;
  private transient HazelcastInstance instance;

  RemoteTask(CandidateTask task) {
    this.task = task;
  }

  @Override
  public void setHazelcastInstance(HazelcastInstance instance) {
    this.instance = instance;
  }

  @Override
  public TaskResult call() {
    String device =
        instance == null
            ? null
            : instance.getCluster().getLocalMember().getAttribute(ClusterConfig.DEVICE);
    LOG.info("running {} to step {} on {}", task.name(), task.until(), device);
    return TaskExecution.run(task, device);
  }
}
