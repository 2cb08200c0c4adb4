package dev.lag.selector.runners;

import com.hazelcast.config.Config;
import com.hazelcast.core.Hazelcast;
import com.hazelcast.core.HazelcastInstance;
import java.util.List;

/** A Hazelcast member that runs candidate tasks on one device: what {@code lag worker} starts. */
public final class Worker implements AutoCloseable {
  private final HazelcastInstance instance;

  private Worker(HazelcastInstance instance) {
    this.instance = instance;
  }

  /**
   * Starts a worker and joins (or founds) the cluster.
   *
   * @param cluster the cluster name
   * @param secret the shared secret (members with another one cannot join)
   * @param bind the address to listen on
   * @param port the first port to try (the next free one is taken)
   * @param members the other members' {@code host:port}
   * @param device the device tasks train on here
   */
  public static Worker start(
      String cluster, String secret, String bind, int port, List<String> members, String device) {
    ClusterConfig.checkBind(bind, "--bind");
    members.forEach(HazelcastRunner::checkMember);
    Config config = ClusterConfig.of(cluster, secret, bind, port, members, false);
    config.getMemberAttributeConfig().setAttribute(ClusterConfig.DEVICE, device);
    return new Worker(Hazelcast.newHazelcastInstance(config));
  }

  /** The {@code host:port} this worker listens on. */
  public String address() {
    var a = instance.getCluster().getLocalMember().getAddress();
    return a.getHost() + ":" + a.getPort();
  }

  /** Members in the cluster now, this one included. */
  public int members() {
    return instance.getCluster().getMembers().size();
  }

  @Override
  public void close() {
    instance.shutdown();
  }
}
