package io.twinwright.adapters.coap;

import io.twinwright.adapters.registry.DeviceLogin;
import io.twinwright.adapters.registry.DeviceRegistry;
import java.net.InetSocketAddress;
import java.util.Arrays;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.SecretKey;
import org.eclipse.californium.scandium.dtls.ConnectionId;
import org.eclipse.californium.scandium.dtls.HandshakeResultHandler;
import org.eclipse.californium.scandium.dtls.PskPublicInformation;
import org.eclipse.californium.scandium.dtls.PskSecretResult;
import org.eclipse.californium.scandium.dtls.pskstore.AdvancedPskStore;
import org.eclipse.californium.scandium.util.SecretUtil;
import org.eclipse.californium.scandium.util.ServerNames;

/**
 * Looks up the key for a DTLS PSK identity {@code auth-id@tenant} in the device registry. The
 * registry answers from memory, so the lookup is synchronous and never blocks the handshake.
 */
final class RegistryPskStore implements AdvancedPskStore {

  private final DeviceRegistry registry;

  RegistryPskStore(DeviceRegistry registry) {
    this.registry = Objects.requireNonNull(registry, "registry");
  }

  @Override
  public boolean hasEcdhePskSupported() {
    return true;
  }

  @Override
  public PskSecretResult requestPskSecretResult(
      ConnectionId cid,
      ServerNames serverName,
      PskPublicInformation identity,
      String hmacAlgorithm,
      SecretKey otherSecret,
      byte[] seed,
      boolean useExtendedMasterSecret) {
    Optional<byte[]> key =
        DeviceLogin.parse(identity.getPublicInfoAsString())
            .flatMap(login -> registry.presharedKey(login.tenant(), login.authId()));
    // no secret fails the handshake: unknown tenant or auth-id, or no psk credentials
    SecretKey secret = key.map(bytes -> SecretUtil.create(bytes, "PSK")).orElse(null);
    key.ifPresent(bytes -> Arrays.fill(bytes, (byte) 0));
    return new PskSecretResult(cid, identity, secret);
  }

  /** Only used by DTLS clients; this is a server store. */
  @Override
  public PskPublicInformation getIdentity(InetSocketAddress peerAddress, ServerNames virtualHost) {
    return null;
  }

  /** Results are always returned synchronously, so no handler is needed. */
  @Override
  public void setResultHandler(HandshakeResultHandler resultHandler) {}
}
