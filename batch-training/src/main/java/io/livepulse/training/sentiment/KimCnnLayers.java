package io.livepulse.training.sentiment;

import java.util.List;
import org.deeplearning4j.nn.conf.ComputationGraphConfiguration.GraphBuilder;
import org.deeplearning4j.nn.conf.ConvolutionMode;
import org.deeplearning4j.nn.conf.graph.MergeVertex;
import org.deeplearning4j.nn.conf.layers.Convolution1DLayer;
import org.deeplearning4j.nn.conf.layers.DropoutLayer;
import org.deeplearning4j.nn.conf.layers.GlobalPoolingLayer;
import org.deeplearning4j.nn.conf.layers.OutputLayer;
import org.deeplearning4j.nn.conf.layers.PoolingType;
import org.deeplearning4j.nn.graph.ComputationGraph;
import org.nd4j.linalg.activations.Activation;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.lossfunctions.LossFunctions;

/**
 * The Kim-style CNN both sentiment CNNs end in (the text CNN over learned embeddings and the token CNN over frozen
 * encoder states), with its layer names, and the reading of DL4J weights back into plain arrays for export.
 */
final class KimCnnLayers {
    static final String OUTPUT = "out";

    private KimCnnLayers() {}

    static String convName(int width) {
        return "conv" + width;
    }

    /**
     * Adds to {@code g}, over {@code input} with {@code channels} channels: for every width a same-padded ReLU Conv1D
     * of {@code filters} filters and a max over time, their concatenation, dropout and a softmax output; then builds
     * and initialises the network. {@code inputKeep < 1} drops convolution inputs with that keep probability.
     */
    static ComputationGraph finish(GraphBuilder g, String input, long channels, List<Integer> widths, int filters,
            double inputKeep, double dropout, int classes) {
        var pooled = new String[widths.size()];
        for (int i = 0; i < pooled.length; i++) {
            int w = widths.get(i);
            var conv = new Convolution1DLayer.Builder().kernelSize(w).nIn(channels).nOut(filters)
                    .convolutionMode(ConvolutionMode.Same).activation(Activation.RELU);
            if (inputKeep < 1) {
                conv.dropOut(inputKeep);
            }
            g.addLayer(convName(w), conv.build(), input);
            pooled[i] = "pool" + w;
            g.addLayer(pooled[i], new GlobalPoolingLayer.Builder(PoolingType.MAX).build(), convName(w));
        }
        String merged = pooled[0];
        if (pooled.length > 1) {
            merged = "concat";
            g.addVertex(merged, new MergeVertex(), pooled);
        }
        var conf = g.addLayer("dropout", new DropoutLayer.Builder(dropout).build(), merged)
                .addLayer(OUTPUT, new OutputLayer.Builder(LossFunctions.LossFunction.MCXENT)
                        .nIn((long) filters * pooled.length).nOut(classes).activation(Activation.SOFTMAX).build(),
                        "dropout")
                .setOutputs(OUTPUT)
                .build();
        var net = new ComputationGraph(conf);
        net.init();
        return net;
    }

    /** The values of {@code a} in row-major order. */
    static float[] flat(INDArray a) {
        return a.dup('c').data().asFloat();
    }

    /** A 2-d array as rows. */
    static float[][] rows(INDArray matrix) {
        int rows = (int) matrix.size(0);
        int cols = (int) matrix.size(1);
        float[] values = flat(matrix);
        float[][] out = new float[rows][cols];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(values, r * cols, out[r], 0, cols);
        }
        return out;
    }
}
