using TorchSharp.Modules;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Policies;

/// <summary>A family of layer defaults (PyTorch's or Keras's) for the TorchSharp module types it knows.</summary>
internal abstract class ModuleDefaults
{
    /// <summary>The plans for the module's own parameters and buffers, by local name; null for a module type this family does not know.</summary>
    /// <param name="module">The module.</param>
    /// <param name="own">Its own (non-recursive) parameters and buffers by local name.</param>
    /// <returns>The plans, or null.</returns>
    public IReadOnlyDictionary<string, ParameterPlan>? Plans(nn.Module module, IReadOnlyDictionary<string, Tensor> own) => module switch
    {
        // ConvolutionTranspose derives from Convolution: one rule, whose fans come from the weight's shape (PyTorch's quirk included).
        Linear or Convolution => Dense(own),
        NormBase or LayerNorm or GroupNorm => Normalization(own),
        Embedding e => Embedding(own, () => EmbeddingPadding.Rows(e)),
        LSTM or LSTMCell => Recurrent(own, 4, isLstm: true),
        GRU or GRUCell => Recurrent(own, 3, isLstm: false),
        RNN or RNNCell => Recurrent(own, 1, isLstm: false),
        MultiheadAttention => Attention(own),
        _ => null,
    };

    /// <summary>Linear and convolution weights and biases.</summary>
    /// <param name="own">weight and, when present, bias.</param>
    /// <returns>The plans.</returns>
    protected abstract Dictionary<string, ParameterPlan> Dense(IReadOnlyDictionary<string, Tensor> own);

    /// <summary>Embedding weights; the padding rows stay zero.</summary>
    /// <param name="own">weight.</param>
    /// <param name="paddingRows">Finds the rows that are padding (see <see cref="EmbeddingPadding"/>); called only when the plan runs.</param>
    /// <returns>The plans.</returns>
    protected abstract Dictionary<string, ParameterPlan> Embedding(IReadOnlyDictionary<string, Tensor> own, Func<long[]> paddingRows);

    /// <summary>RNN, LSTM and GRU (and their cells): weight_ih*, weight_hh*, weight_hr*, bias_ih*, bias_hh*.</summary>
    /// <param name="own">The parameters.</param>
    /// <param name="gates">Gates stacked in the weights' first dimension: 4 (LSTM), 3 (GRU), 1 (RNN).</param>
    /// <param name="isLstm">Whether the forget gate exists (the second quarter of the biases).</param>
    /// <returns>The plans.</returns>
    protected abstract Dictionary<string, ParameterPlan> Recurrent(IReadOnlyDictionary<string, Tensor> own, int gates, bool isLstm);

    /// <summary>MultiheadAttention: in_proj_weight (or q/k/v_proj_weight), in_proj_bias, out_proj.weight, out_proj.bias, bias_k, bias_v.</summary>
    /// <param name="own">The parameters.</param>
    /// <returns>The plans.</returns>
    protected abstract Dictionary<string, ParameterPlan> Attention(IReadOnlyDictionary<string, Tensor> own);

    /// <summary>
    /// BatchNorm, InstanceNorm, LayerNorm and GroupNorm: weight 1, bias 0, and the running statistics reset as
    /// PyTorch's reset_running_stats does (mean 0, variance 1, batches tracked 0). Keras's gamma, beta, moving mean
    /// and moving variance start the same way.
    /// </summary>
    /// <param name="own">The parameters and buffers.</param>
    /// <returns>The plans.</returns>
    protected static Dictionary<string, ParameterPlan> Normalization(IReadOnlyDictionary<string, Tensor> own)
    {
        var values = new Dictionary<string, double>
        {
            ["weight"] = 1, ["bias"] = 0, ["running_mean"] = 0, ["running_var"] = 1, ["num_batches_tracked"] = 0,
        };
        return own.Keys.Where(values.ContainsKey).ToDictionary(name => name, name => ParameterPlan.Value(values[name]));
    }

    /// <summary>The hidden size of a recurrent module: the first dimension of its input weights over the gate count.</summary>
    /// <param name="own">The parameters.</param>
    /// <param name="gates">The gate count.</param>
    /// <returns>The hidden size.</returns>
    protected static long HiddenSize(IReadOnlyDictionary<string, Tensor> own, int gates) =>
        own.First(kv => kv.Key.StartsWith("weight_ih", StringComparison.Ordinal)).Value.shape[0] / gates;

    /// <summary>The same plan for every parameter whose name starts with <paramref name="prefix"/>.</summary>
    /// <param name="plans">Where the plans go.</param>
    /// <param name="own">The parameters.</param>
    /// <param name="prefix">E.g. <c>weight_hh</c>.</param>
    /// <param name="plan">The plan.</param>
    protected static void ForPrefix(Dictionary<string, ParameterPlan> plans, IReadOnlyDictionary<string, Tensor> own, string prefix, ParameterPlan plan)
    {
        foreach (string name in own.Keys.Where(n => n.StartsWith(prefix, StringComparison.Ordinal)))
        {
            plans[name] = plan;
        }
    }

    /// <summary>A plan that runs <paramref name="inner"/> and then zeroes the padding rows, as PyTorch's Embedding.reset_parameters does.</summary>
    /// <param name="inner">The plan for the whole weight.</param>
    /// <param name="paddingRows">Finds the padding rows.</param>
    /// <returns>The plan.</returns>
    protected static ParameterPlan Padded(ParameterPlan inner, Func<long[]> paddingRows) => new(
        inner.Description + ", padding row 0",
        (t, s) =>
        {
            long[] rows = paddingRows();
            inner.Fill(t, s);
            using var noGrad = no_grad();
            foreach (long row in rows)
            {
                t[row].zero_();
            }
        });

    /// <summary>U[-bound, bound), or zeros when the bound is 0 (a layer without inputs).</summary>
    /// <param name="bound">The bound; &gt;= 0.</param>
    /// <returns>The plan.</returns>
    protected static ParameterPlan SymmetricUniform(double bound) =>
        bound > 0 ? ParameterPlan.AsIs(new TfInit.Initializers.RandomUniform(-bound, bound)) : ParameterPlan.Value(0);
}
