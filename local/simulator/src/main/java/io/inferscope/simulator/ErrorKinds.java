package io.inferscope.simulator;

import com.fasterxml.jackson.databind.JsonNode;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClosedException;
import java.io.IOException;
import java.net.ConnectException;
import java.util.concurrent.TimeoutException;

/** Short names for what went wrong on the client side, as counted in {@link LoadReport}. */
final class ErrorKinds {

    private ErrorKinds() {}

    static String of(Throwable e) {
        if (e instanceof ConnectException) {
            return "connect_refused";
        }
        if (e instanceof TimeoutException) {
            return "timeout";
        }
        if (e instanceof HttpClosedException) {
            return "connection_closed";
        }
        return e.getClass().getSimpleName();
    }

    /** {@code usage.completion_tokens} of a non-streaming response, 0 when unreadable. */
    static int completionTokens(Buffer body) {
        try {
            JsonNode json = OpenAiWire.JSON.readTree(body.getBytes());
            return json.path("usage").path("completion_tokens").asInt(0);
        } catch (IOException e) {
            return 0;
        }
    }
}
