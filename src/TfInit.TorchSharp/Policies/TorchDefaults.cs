using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.TorchSharp.Filling;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Policies;

/// <summary>PyTorch 1.13's <c>reset_parameters</c> of each module, filled from the TfInit core.</summary>
internal sealed class TorchDefaults : ModuleDefaults
{
    /// <summary>The one instance.</summary>
    public static TorchDefaults Instance { get; } = new();

    // kaiming_uniform_(a=sqrt(5)): gain sqrt(2 / (1 + 5)), bound gain * sqrt(3 / fan_in) = 1 / sqrt(fan_in).
    private static KaimingUniform LinearWeight => new(Math.Sqrt(5)) { Layout = FanLayout.Torch };

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Dense(IReadOnlyDictionary<string, Tensor> own)
    {
        var plans = new Dictionary<string, ParameterPlan> { ["weight"] = ParameterPlan.AsIs(LinearWeight) };
        if (own.ContainsKey("bias"))
        {
            // fan_in read from the weight as PyTorch reads it: for ConvTranspose that is size(1) = out / groups
            // times the kernel area, PyTorch's quirk, reproduced on purpose.
            long fanIn = Fans.Compute(TensorFill.Dimensions(own["weight"]), FanLayout.Torch).FanIn;
            plans["bias"] = SymmetricUniform(fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0);
        }

        return plans;
    }

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Embedding(IReadOnlyDictionary<string, Tensor> own, Func<long[]> paddingRows) =>
        new() { ["weight"] = Padded(ParameterPlan.AsIs(new RandomNormal(0, 1)), paddingRows) };

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Recurrent(IReadOnlyDictionary<string, Tensor> own, int gates, bool isLstm)
    {
        var uniform = SymmetricUniform(1 / Math.Sqrt(HiddenSize(own, gates)));
        return own.Keys.ToDictionary(name => name, _ => uniform);
    }

    /// <inheritdoc />
    protected override Dictionary<string, ParameterPlan> Attention(IReadOnlyDictionary<string, Tensor> own)
    {
        var plans = new Dictionary<string, ParameterPlan>();
        foreach (string name in own.Keys)
        {
            ParameterPlan? plan = name switch
            {
                "in_proj_weight" or "q_proj_weight" or "k_proj_weight" or "v_proj_weight" =>
                    ParameterPlan.AsIs(new XavierUniform() { Layout = FanLayout.Torch }),
                "in_proj_bias" or "out_proj.bias" => ParameterPlan.Value(0),
                // PyTorch leaves out_proj (a Linear) at the Linear default; _reset_parameters does not touch it.
                "out_proj.weight" => ParameterPlan.AsIs(LinearWeight),
                "bias_k" or "bias_v" => ParameterPlan.AsIs(new XavierNormal() { Layout = FanLayout.Torch }),
                _ => null,
            };
            if (plan is not null)
            {
                plans[name] = plan;
            }
        }

        return plans;
    }
}
