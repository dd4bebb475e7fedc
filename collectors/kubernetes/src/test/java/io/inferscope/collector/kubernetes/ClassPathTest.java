package io.inferscope.collector.kubernetes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

/**
 * The module's class path stays lean (pom.xml): fabric8 7.x, which parses with Jackson 2, and only
 * the model jars of the API groups the collector reads or fabric8's client needs to start. The test
 * class path resolves fabric8 the same way as the runtime one, and the collector's tests (which
 * start the client and watch every kind) pass on it.
 */
class ClassPathTest {

    @Test
    void fabric8ParsesWithJackson2AndJackson3IsNotOnTheClassPath() {
        assertThatThrownBy(() -> Class.forName("tools.jackson.databind.ObjectMapper"))
                .isInstanceOf(ClassNotFoundException.class);
        assertThat(io.fabric8.kubernetes.client.utils.Serialization.jsonMapper())
                .isInstanceOf(com.fasterxml.jackson.databind.ObjectMapper.class);
    }

    @Test
    void modelJarsOfUnwatchedApiGroupsAreNotOnTheClassPath() {
        for (String unwatched :
                new String[] {
                    "io.fabric8.kubernetes.api.model.networking.v1.Ingress",
                    "io.fabric8.kubernetes.api.model.rbac.Role",
                    "io.fabric8.kubernetes.api.model.gatewayapi.v1.Gateway",
                    "io.fabric8.kubernetes.api.model.apiextensions.v1.CustomResourceDefinition",
                    "io.fabric8.kubernetes.api.model.policy.v1.PodDisruptionBudget"
                }) {
            assertThatThrownBy(() -> Class.forName(unwatched))
                    .as(unwatched)
                    .isInstanceOf(ClassNotFoundException.class);
        }
    }
}
