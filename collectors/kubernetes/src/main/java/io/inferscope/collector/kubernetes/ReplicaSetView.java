package io.inferscope.collector.kubernetes;

import com.fasterxml.jackson.annotation.JsonIgnoreProperties;
import io.fabric8.kubernetes.model.annotation.Group;
import io.fabric8.kubernetes.model.annotation.Kind;
import io.fabric8.kubernetes.model.annotation.Plural;
import io.fabric8.kubernetes.model.annotation.Version;

/** An apps/v1 ReplicaSet: only its metadata (owner resolution reads its ownerReferences). */
@Group("apps")
@Version("v1")
@Kind("ReplicaSet")
@Plural("replicasets")
@JsonIgnoreProperties(ignoreUnknown = true)
final class ReplicaSetView extends ObjectView {}
