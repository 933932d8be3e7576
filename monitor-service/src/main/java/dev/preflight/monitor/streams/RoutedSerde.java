package dev.preflight.monitor.streams;

import java.nio.ByteBuffer;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serializer;

/** A routed record across a repartition topic: one byte of route, then the bytes. */
final class RoutedSerde implements Serde<Routed> {

  static final RoutedSerde INSTANCE = new RoutedSerde();

  @Override
  public Serializer<Routed> serializer() {
    return (topic, routed) ->
        routed == null
            ? null
            : ByteBuffer.allocate(1 + routed.bytes().length)
                .put((byte) routed.route().ordinal())
                .put(routed.bytes())
                .array();
  }

  @Override
  public Deserializer<Routed> deserializer() {
    return (topic, bytes) -> {
      if (bytes == null) {
        return null;
      }
      byte[] value = new byte[bytes.length - 1];
      System.arraycopy(bytes, 1, value, 0, value.length);
      return Routed.of(Routed.Route.values()[bytes[0]], value);
    };
  }
}
