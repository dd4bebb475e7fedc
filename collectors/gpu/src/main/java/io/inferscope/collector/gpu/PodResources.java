package io.inferscope.collector.gpu;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Decodes the kubelet's {@code v1.ListPodResourcesResponse} (k8s.io/kubelet
 * pkg/apis/podresources/v1/api.proto) into GPU holders keyed by device ID. The NVIDIA device plugin
 * reports GPUs by UUID ({@code GPU-...}, or {@code MIG-...} for MIG slices), so the device ID is
 * the UUID NVML gives.
 *
 * <pre>
 * ListPodResourcesResponse { repeated PodResources pod_resources = 1; }
 * PodResources       { string name = 1; string namespace = 2; repeated ContainerResources containers = 3; }
 * ContainerResources { string name = 1; repeated ContainerDevices devices = 2; ... }
 * ContainerDevices   { string resource_name = 1; repeated string device_ids = 2; ... }
 * </pre>
 */
final class PodResources {
    // A Deployment's pod is <deployment>-<pod-template-hash>-<5 chars>, both suffixes drawn from
    // the alphabet of Kubernetes' rand.SafeEncodeString (no vowels, no 0/1/3 look-alikes).
    private static final Pattern DEPLOYMENT_POD =
            Pattern.compile(
                    "^(.+)-[bcdfghjklmnpqrstvwxz2456789]{6,10}-[bcdfghjklmnpqrstvwxz2456789]{5}$");

    private PodResources() {}

    /** Every allocated device ID with the pod container holding it. */
    static Map<String, GpuHolder> holdersByDeviceId(byte[] listResponse) {
        Map<String, GpuHolder> out = new HashMap<>();
        ProtoReader r = new ProtoReader(listResponse);
        while (r.hasNext()) {
            int tag = r.tag();
            if (tag == (1 << 3 | ProtoReader.LEN)) {
                pod(r.message(), out);
            } else {
                r.skip(tag & 7);
            }
        }
        return out;
    }

    private static void pod(ProtoReader r, Map<String, GpuHolder> out) {
        String name = null;
        String namespace = null;
        List<ProtoReader> containers = new ArrayList<>();
        while (r.hasNext()) {
            int tag = r.tag();
            switch (tag) {
                case 1 << 3 | ProtoReader.LEN -> name = r.string();
                case 2 << 3 | ProtoReader.LEN -> namespace = r.string();
                case 3 << 3 | ProtoReader.LEN -> containers.add(r.message());
                default -> r.skip(tag & 7);
            }
        }
        // Fields may come in any order: containers are read once the pod's name is known.
        for (ProtoReader c : containers) {
            container(c, namespace, name, out);
        }
    }

    private static void container(
            ProtoReader r, String namespace, String pod, Map<String, GpuHolder> out) {
        String name = null;
        List<String> ids = new ArrayList<>();
        while (r.hasNext()) {
            int tag = r.tag();
            switch (tag) {
                case 1 << 3 | ProtoReader.LEN -> name = r.string();
                case 2 << 3 | ProtoReader.LEN -> devices(r.message(), ids);
                default -> r.skip(tag & 7);
            }
        }
        GpuHolder holder = new GpuHolder(namespace, pod, name, deploymentOf(pod));
        ids.forEach(id -> out.put(id, holder));
    }

    private static void devices(ProtoReader r, List<String> ids) {
        while (r.hasNext()) {
            int tag = r.tag();
            if (tag == (2 << 3 | ProtoReader.LEN)) {
                ids.add(r.string());
            } else {
                r.skip(tag & 7);
            }
        }
    }

    /**
     * The Deployment a pod belongs to, read from its generated name; null when the name is not of
     * that shape (StatefulSet, DaemonSet, bare pods). The kubelet API carries no owner reference.
     */
    static String deploymentOf(String pod) {
        if (pod == null) {
            return null;
        }
        Matcher m = DEPLOYMENT_POD.matcher(pod);
        return m.matches() ? m.group(1) : null;
    }
}
