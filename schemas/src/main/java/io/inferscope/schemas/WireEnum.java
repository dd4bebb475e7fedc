package io.inferscope.schemas;

/** An enum whose JSON form is a fixed lowercase string; unknown strings are decode errors. */
public interface WireEnum {
    String wire();
}
