package io.livepulse.models.sentiment;

import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/** The fields the neural models' binary payloads share: float vectors and the list of class labels. */
final class PayloadFields {
    private PayloadFields() {}

    static void writeFloats(DataOutputStream out, float[] values) throws IOException {
        for (float v : values) {
            out.writeFloat(v);
        }
    }

    static float[] readFloats(DataInputStream in, int n) throws IOException {
        float[] values = new float[n];
        for (int i = 0; i < n; i++) {
            values[i] = in.readFloat();
        }
        return values;
    }

    static void writeClasses(DataOutputStream out, SentimentLabel[] classes) throws IOException {
        out.writeInt(classes.length);
        for (SentimentLabel c : classes) {
            out.writeUTF(c.name());
        }
    }

    static List<SentimentLabel> readClasses(DataInputStream in) throws IOException {
        int k = in.readInt();
        var classes = new ArrayList<SentimentLabel>();
        for (int i = 0; i < k; i++) {
            classes.add(SentimentLabel.valueOf(in.readUTF()));
        }
        return classes;
    }
}
