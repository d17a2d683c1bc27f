using TfInit.Initializers;
using TfInit.TorchSharp.Filling;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Policies;

/// <summary>
/// Keras 3's layer defaults on TorchSharp modules: kernels glorot_uniform read in the Keras kernel layout (so the fans
/// are Keras's), biases zeros, recurrent kernels orthogonal, LSTM forget-gate bias 1, embeddings U(-0.05, 0.05).
/// </summary>
internal sealed class KerasDefaults : ModuleDefaults
{
    /// <summary>The one instance.</summary>
    public static KerasDefaults Instance { get; } = new();

    private static ParameterPlan Kernel => ParameterPlan.KerasLayout(new GlorotUniform());

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Dense(IReadOnlyDictionary<string, Tensor> own)
    {
        var plans = new Dictionary<string, ParameterPlan> { ["weight"] = Kernel };
        if (own.ContainsKey("bias"))
        {
            plans["bias"] = ParameterPlan.Value(0);
        }

        return plans;
    }

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Embedding(IReadOnlyDictionary<string, Tensor> own, Func<long[]> paddingRows) =>
        new() { ["weight"] = Padded(ParameterPlan.AsIs(new RandomUniform(-0.05, 0.05)), paddingRows) };

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Recurrent(IReadOnlyDictionary<string, Tensor> own, int gates, bool isLstm)
    {
        var plans = new Dictionary<string, ParameterPlan>();
        ForPrefix(plans, own, "weight_ih", Kernel);
        ForPrefix(plans, own, "weight_hr", Kernel);
        // Keras's recurrent kernel [units, gates * units] is one orthogonal matrix; PyTorch's [gates * hidden, hidden] is its transpose.
        ForPrefix(plans, own, "weight_hh", ParameterPlan.KerasLayout(new Orthogonal()));
        ForPrefix(plans, own, "bias_hh", ParameterPlan.Value(0));
        ForPrefix(plans, own, "bias_ih", isLstm ? ForgetGateBias(HiddenSize(own, gates)) : ParameterPlan.Value(0));
        return plans;
    }

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Attention(IReadOnlyDictionary<string, Tensor> own)
    {
        var plans = new Dictionary<string, ParameterPlan>();
        foreach (string name in own.Keys)
        {
            ParameterPlan? plan = name switch
            {
                "in_proj_weight" => StackedKernels(3),
                "q_proj_weight" or "k_proj_weight" or "v_proj_weight" or "out_proj.weight" => Kernel,
                "in_proj_bias" or "out_proj.bias" or "bias_k" or "bias_v" => ParameterPlan.Value(0),
                _ => null,
            };
            if (plan is not null)
            {
                plans[name] = plan;
            }
        }

        return plans;
    }

    /// <summary>
    /// Keras's unit_forget_bias: zeros with the forget gate's units (PyTorch's gate order i, f, g, o: rows [h, 2h)) at 1.
    /// PyTorch adds bias_ih and bias_hh; the 1 goes to bias_ih and bias_hh stays 0, so their sum is Keras's bias.
    /// </summary>
    private static ParameterPlan ForgetGateBias(long hidden) => new(
        "Zeros, forget gate 1 (Keras unit_forget_bias)",
        (t, s) =>
        {
            TensorFill.Fill(t, new Zeros());
            using var forget = t.narrow(0, hidden, hidden);
            TensorFill.Fill(forget, new Ones());
        });

    /// <summary>Keras's separate query, key and value Dense kernels, stacked as PyTorch's in_proj_weight [3E, E].</summary>
    private static ParameterPlan StackedKernels(int count) => new(
        $"{count} stacked GlorotUniform() kernels in the Keras kernel layout",
        (t, s) =>
        {
            long rows = t.shape[0] / count;
            for (int i = 0; i < count; i++)
            {
                using var block = t.narrow(0, i * rows, rows);
                TensorFill.FillKerasLayout(block, new GlorotUniform(), s);
            }
        });
}
