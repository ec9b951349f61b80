package org.voxtile;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JsonTest {
  @Test
  void escapesAsRfc8259AndSerdeJsonDo() {
    assertEquals("\"a\\rb\\bc\\fd\\te\\nf\"", Json.quote("a\rb\bc\fd\te\nf"));
    assertEquals("\"\\u0001\\u001f\\u0000\"", Json.quote("\u0001\u001f\u0000"));
    assertEquals("\"say \\\"hi\\\" \\\\ back\"", Json.quote("say \"hi\" \\ back"));
    assertEquals("\"Zürich \u00e9 \u6f22 \ud83e\udde0 \u007f\"", Json.quote("Zürich \u00e9 \u6f22 \ud83e\udde0 \u007f"),
        "non-ASCII and DEL kept as they are");
    assertEquals("\"/\"", Json.quote("/"), "the solidus needs no escape");
  }

  @Test
  void numbersKeepEveryDigitAndNonFiniteIsNull() {
    assertEquals("[1.0, 0.1, 1.0E-7, null, null, 7, true, null]",
        Json.line(java.util.Arrays.asList(1.0, 0.1, 1e-7, Double.NaN, Float.POSITIVE_INFINITY, 7L, true, null)));
    assertEquals("[1, -0.5, null, 0, 1.0E15]", Json.line(java.util.Arrays.asList(Json.number(1.0), Json.number(-0.5),
        Json.number(Double.NEGATIVE_INFINITY), Json.number(-0.0), Json.number(1e15))));
  }

  @Test
  void lineLayout() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("file", "a\tb.nii");
    m.put("dims", List.of(5, 4, 3));
    m.put("affine", List.of(List.of(1, 0), List.of(0, 1)));
    m.put("empty", List.of());
    m.put("none", Map.of());
    assertEquals("{\"file\": \"a\\tb.nii\", \"dims\": [5, 4, 3], \"affine\": [[1, 0], [0, 1]], \"empty\": [], "
        + "\"none\": {}}", Json.line(m));
  }

  @Test
  void indentedLayout() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("tiles", 2);
    m.put("shape", List.of(80, 96, 40));
    m.put("per_scan", List.of(Map.of("id", "s\r1")));
    m.put("empty", Map.of());
    assertEquals("{\n  \"tiles\": 2,\n  \"shape\": [80, 96, 40],\n  \"per_scan\": [\n    {\n      \"id\": \"s\\r1\"\n"
        + "    }\n  ],\n  \"empty\": {}\n}\n", Json.indented(m));
  }
}
