package dev.lag.selector.runners;

import com.hazelcast.config.Config;
import com.hazelcast.config.JoinConfig;
import com.hazelcast.config.NetworkConfig;
import dev.lag.analysis.InvalidInputException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The Hazelcast configuration every lag member shares: an explicit TCP member list (no multicast,
 * no cloud discovery, no phone-home), one network interface, and a cluster name derived from the
 * user's cluster name and shared secret.
 *
 * <p>Hazelcast's open-source edition has no member authentication or TLS. A member whose cluster
 * name differs is refused at join, so folding a secret into the name keeps out members that do not
 * know it; it does not encrypt traffic, and anyone who can reach the port and knows the derived
 * name can join. Keep workers on loopback or a private network.
 */
final class ClusterConfig {
  /** The executor that runs candidate tasks: one slot per worker. */
  static final String EXECUTOR = "lag-candidates";

  /** Member attribute: the device a worker trains on. */
  static final String DEVICE = "lag.device";

  private ClusterConfig() {}

  static Config of(
      String cluster, String secret, String bind, int port, List<String> members, boolean lite) {
    quietLogs();
    Config config = new Config();
    config.setClusterName(derivedName(cluster, secret));
    config.setLiteMember(lite);
    config.setProperty("hazelcast.logging.type", "slf4j");
    config.setProperty("hazelcast.phone.home.enabled", "false");
    config.setProperty("hazelcast.shutdownhook.enabled", "false");
    // Notice a killed worker within seconds, not the default minute.
    config.setProperty("hazelcast.heartbeat.interval.seconds", "1");
    config.setProperty("hazelcast.max.no.heartbeat.seconds", "6");
    config.getJetConfig().setEnabled(false);
    NetworkConfig net = config.getNetworkConfig();
    net.setPort(port).setPortAutoIncrement(true).setPortCount(100);
    if (!bind.equals("0.0.0.0")) {
      net.getInterfaces().setEnabled(true).addInterface(bind);
      config.setProperty("hazelcast.local.localAddress", bind);
      // Without this Hazelcast still listens on every interface and only advertises `bind`.
      config.setProperty("hazelcast.socket.bind.any", "false");
    }
    JoinConfig join = net.getJoin();
    join.getMulticastConfig().setEnabled(false);
    join.getAutoDetectionConfig().setEnabled(false);
    join.getTcpIpConfig().setEnabled(true).setMembers(members);
    config.getExecutorConfig(EXECUTOR).setPoolSize(1);
    return config;
  }

  /**
   * Checks that {@code bind} is {@code 0.0.0.0} or an address of this machine: a member that
   * listens where it cannot is an error at start, not a silent fallback.
   *
   * @param option the option it came from, for the message
   */
  static void checkBind(String bind, String option) {
    if (bind.equals("0.0.0.0")) {
      return;
    }
    try {
      java.net.InetAddress address = java.net.InetAddress.getByName(bind);
      if (!address.isLoopbackAddress()
          && java.net.NetworkInterface.getByInetAddress(address) == null) {
        throw InvalidInputException.field(
            option, bind, "not an address of this machine (0.0.0.0 listens on all of them)");
      }
    } catch (java.net.UnknownHostException | java.net.SocketException e) {
      throw InvalidInputException.field(option, bind, "not an address of this machine");
    }
  }

  /** {@code NAME-} and 16 hex digits of SHA-256(NAME:SECRET). */
  static String derivedName(String cluster, String secret) {
    try {
      byte[] d =
          MessageDigest.getInstance("SHA-256")
              .digest((cluster + ":" + secret).getBytes(StandardCharsets.UTF_8));
      return cluster + "-" + HexFormat.of().formatHex(d, 0, 8);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Hazelcast logs every membership change at INFO: warnings only, unless the user says. */
  private static void quietLogs() {
    if (System.getProperty("org.slf4j.simpleLogger.log.com.hazelcast") == null) {
      System.setProperty("org.slf4j.simpleLogger.log.com.hazelcast", "warn");
    }
  }
}
