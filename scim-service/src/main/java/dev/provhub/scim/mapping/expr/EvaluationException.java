package dev.provhub.scim.mapping.expr;

import dev.provhub.scim.mapping.Position;

/** An expression that fails for one record (a date that does not parse, a method called on $null). */
public class EvaluationException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    public EvaluationException(Position at, String message) {
        super(at == null ? message : at + ": " + message);
    }
}
