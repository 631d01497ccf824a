import com.github.tjake.jlama.model.AbstractModel;
import com.github.tjake.jlama.model.ModelSupport;
import com.github.tjake.jlama.safetensors.DType;
import com.github.tjake.jlama.safetensors.prompt.PromptContext;
import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * Batch-1 decode speed of Jlama on a checkpoint directory, for bench-serve's comparison. Run with
 * JDK 21+: java --add-modules jdk.incubator.vector -cp 'target/jlama/lib/*' JlamaBench.java DIR N
 * Prints one JSON line: decode tokens/s after the first token, plus load and first-token times.
 */
public class JlamaBench {
  public static void main(String[] args) throws Exception {
    File dir = new File(args[0]);
    int n = args.length > 1 ? Integer.parseInt(args[1]) : 32;
    long t0 = System.nanoTime();
    AbstractModel model = ModelSupport.loadModel(dir, DType.F32, DType.F32);
    double loadS = (System.nanoTime() - t0) / 1e9;
    String prompt = "You are the help desk assistant of Example Corp. Where is my order?";
    // Jlama's ntokens bounds prompt plus output.
    int promptTokens = model.getTokenizer().encode(prompt).length;
    // Warm-up (JIT, native vector code).
    model.generate(
        UUID.randomUUID(), PromptContext.of(prompt), 0.0f, promptTokens + 4, (s, f) -> {});
    List<Long> times = new ArrayList<>();
    long start = System.nanoTime();
    var r =
        model.generate(
            UUID.randomUUID(),
            PromptContext.of(prompt),
            0.0f,
            promptTokens + n,
            (s, f) -> times.add(System.nanoTime()));
    long end = System.nanoTime();
    int tokens = times.size();
    double decodeTps =
        tokens > 1 ? (tokens - 1) / ((times.get(tokens - 1) - times.get(0)) / 1e9) : Double.NaN;
    double firstMs = tokens > 0 ? (times.get(0) - start) / 1e6 : Double.NaN;
    System.out.printf(
        java.util.Locale.ROOT,
        "{\"jlama_decode_tokens_per_s\": %.3f, \"jlama_tokens\": %d, \"jlama_first_token_ms\": %.1f,"
            + " \"jlama_load_s\": %.1f, \"jlama_total_s\": %.2f, \"jlama_generated_tokens_reported\": %d}%n",
        decodeTps,
        tokens,
        firstMs,
        loadS,
        (end - start) / 1e9,
        r.generatedTokens);
  }
}
