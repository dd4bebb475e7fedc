package io.inferscope.collector.gpu;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** Builds kubelet pod-resources messages in protobuf wire format, as the kubelet sends them. */
final class ProtoWriter {
    private ProtoWriter() {}

    static byte[] listResponse(byte[]... pods) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : pods) {
            out.writeBytes(field(1, p));
        }
        return out.toByteArray();
    }

    static byte[] pod(String name, String namespace, byte[]... containers) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(string(1, name));
        out.writeBytes(string(2, namespace));
        for (byte[] c : containers) {
            out.writeBytes(field(3, c));
        }
        return out.toByteArray();
    }

    static byte[] container(String name, byte[]... devices) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(string(1, name));
        for (byte[] d : devices) {
            out.writeBytes(field(2, d));
        }
        return out.toByteArray();
    }

    static byte[] devices(String resourceName, String... ids) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(string(1, resourceName));
        for (String id : ids) {
            out.writeBytes(string(2, id));
        }
        return out.toByteArray();
    }

    static byte[] string(int field, String value) {
        return field(field, value.getBytes(StandardCharsets.UTF_8));
    }

    /** A length-delimited field. */
    static byte[] field(int field, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        varint(out, (long) field << 3 | 2);
        varint(out, value.length);
        out.writeBytes(value);
        return out.toByteArray();
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static void varint(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7fL) != 0) {
            out.write((int) (v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.write((int) v);
    }
}
