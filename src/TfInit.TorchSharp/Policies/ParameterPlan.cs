using System.Globalization;
using TfInit.Initializers;
using TfInit.Random;
using TfInit.Shapes;
using TfInit.TorchSharp.Filling;
using static TorchSharp.torch;

namespace TfInit.TorchSharp.Policies;

/// <summary>How one parameter or buffer is filled: a description for the report and the fill itself.</summary>
/// <param name="Description">What the values are, e.g. <c>KaimingUniform(a=2.236, mode=fan_in)</c>.</param>
/// <param name="Fill">Writes the tensor, drawing from the parameter's own name-keyed stream.</param>
/// <param name="AnyDtype">True when the plan also fills integer tensors (a constant); false when it needs a floating-point one.</param>
internal sealed record ParameterPlan(string Description, Action<Tensor, RandomStream> Fill, bool AnyDtype = false)
{
    /// <summary>Fills the tensor as its shape reads (the initializer reads PyTorch's layout, or needs no layout).</summary>
    /// <param name="initializer">The initializer.</param>
    /// <returns>The plan.</returns>
    public static ParameterPlan AsIs(Initializer initializer) =>
        new(Describe(initializer), (t, s) => TensorFill.Fill(t, initializer, s));

    /// <summary>Fills a PyTorch weight with what the initializer gives the matching Keras kernel.</summary>
    /// <param name="initializer">A Keras-layout initializer.</param>
    /// <returns>The plan.</returns>
    public static ParameterPlan KerasLayout(Initializer initializer) =>
        new(Describe(initializer) + " in the Keras kernel layout", (t, s) => TensorFill.FillKerasLayout(t, initializer, s));

    /// <summary>
    /// The plan for an initializer a user gave: PyTorch layout when the initializer says so (a torch
    /// <see cref="FanLayout"/> or explicit fan axes), otherwise the Keras kernel layout, so that
    /// <c>new HeNormal()</c> on a Linear weight uses fan_in = in_features as in Keras.
    /// </summary>
    /// <param name="initializer">The initializer.</param>
    /// <returns>The plan.</returns>
    public static ParameterPlan ForUser(Initializer initializer) => initializer switch
    {
        VarianceScaling { Layout: FanLayout.Torch } or VarianceScaling { Axes: not null } => AsIs(initializer),
        Sparse { Layout: FanLayout.Torch } or Dirac { Layout: FanLayout.Torch } => AsIs(initializer),
        _ => KerasLayout(initializer),
    };

    /// <summary>A plan that writes <paramref name="value"/> into tensors of any dtype (integer buffers included).</summary>
    /// <param name="value">The value.</param>
    /// <returns>The plan.</returns>
    public static ParameterPlan Value(double value) => new(
        value.ToString(CultureInfo.InvariantCulture),
        (t, _) =>
        {
            if (TensorFill.IsSupported(t.dtype))
            {
                TensorFill.Fill(t, new Constant(value), null);
            }
            else
            {
                using var noGrad = no_grad();
                t.fill_(value);
            }
        },
        AnyDtype: true);

    /// <summary>The initializer's class and its config without the seed (the policy supplies the seed).</summary>
    /// <param name="initializer">The initializer.</param>
    /// <returns>E.g. <c>RandomUniform(minval=-0.1, maxval=0.1)</c>.</returns>
    public static string Describe(Initializer initializer)
    {
        var parts = initializer.GetConfig()
            .Where(kv => kv.Key != "seed" && kv.Value is not null)
            .Select(kv => $"{kv.Key}={Format(kv.Value!)}");
        return $"{initializer.ClassName}({string.Join(", ", parts)})";
    }

    private static string Format(object value) => value switch
    {
        double d => d.ToString("G6", CultureInfo.InvariantCulture),
        int[] axes => "[" + string.Join(", ", axes) + "]",
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty,
    };
}
