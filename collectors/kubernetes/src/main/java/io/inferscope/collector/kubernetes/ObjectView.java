package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import com.fasterxml.jackson.databind.JsonDeserializer;
import com.fasterxml.jackson.databind.annotation.JsonDeserialize;
import io.fabric8.kubernetes.api.model.HasMetadata;
import io.fabric8.kubernetes.api.model.Namespaced;
import io.fabric8.kubernetes.api.model.ObjectMeta;

/**
 * What the collector reads of an API object: its metadata and, in each subclass, only the fields
 * its record is made of. fabric8 lists, watches and caches these classes like its own model ({@code
 * client.resources(PodView.class)}); every other field of the server's JSON is skipped while
 * parsing.
 *
 * <p>Why not fabric8's typed model: parsing into {@code Pod} makes Jackson introspect the whole pod
 * type graph (volumes, probes, affinity, security contexts: ~500 classes and their deserializers,
 * reflection data and annotations on the heap) and build every nested object of each pod as
 * received, only for the mapper to read a dozen fields. A view is a few small classes, and a pod
 * parses into a few hundred bytes. Measured in {@code bench/results/collector-footprint.md}.
 */
@JsonIgnoreProperties(ignoreUnknown = true)
// KubernetesResource names fabric8's polymorphic deserializer (kind → class); a concrete view is
// read as a plain bean, as fabric8's own model classes are.
@JsonDeserialize(using = JsonDeserializer.None.class)
abstract class ObjectView implements HasMetadata, Namespaced {
    private ObjectMeta metadata;
    private String apiVersion;

    @Override
    public ObjectMeta getMetadata() {
        return metadata;
    }

    @Override
    public void setMetadata(ObjectMeta metadata) {
        this.metadata = metadata;
    }

    @Override
    public String getApiVersion() {
        return apiVersion != null ? apiVersion : HasMetadata.getApiVersion(getClass());
    }

    @Override
    public void setApiVersion(String apiVersion) {
        this.apiVersion = apiVersion;
    }
}
