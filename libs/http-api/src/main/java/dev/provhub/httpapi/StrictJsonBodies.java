package dev.provhub.httpapi;

import jakarta.inject.Singleton;

import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import io.quarkus.jackson.ObjectMapperCustomizer;

/**
 * Request bodies are read as they are written: a value of the wrong JSON type is refused (ProblemMappers names the
 * property), never coerced. Left to Jackson's defaults, {@code {"path": true}} created an organisation called
 * {@code /true} and {@code {"dryRun": "false"}} was a string that happened to parse.
 */
@Singleton
public class StrictJsonBodies implements ObjectMapperCustomizer {

    @Override
    @SuppressWarnings("deprecation") // the one switch that covers every scalar; its replacement is per type
    public void customize(ObjectMapper mapper) {
        mapper.configure(MapperFeature.ALLOW_COERCION_OF_SCALARS, false);
        // the feature leaves text alone: a number or a boolean would still be taken as a string
        mapper.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail);
    }
}
