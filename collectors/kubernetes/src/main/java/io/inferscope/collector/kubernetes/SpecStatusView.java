package io.inferscope.collector.kubernetes;

/**
 * A view of an object with a {@code spec} and a {@code status}, each the view's own record of the
 * fields it reads (Jackson resolves {@code S} and {@code T} from the subclass).
 */
abstract class SpecStatusView<S, T> extends ObjectView {
    private S spec;
    private T status;

    public S getSpec() {
        return spec;
    }

    public void setSpec(S spec) {
        this.spec = spec;
    }

    public T getStatus() {
        return status;
    }

    public void setStatus(T status) {
        this.status = status;
    }
}
