using TfInit.Initializers;
using TfInit.Random;

namespace TfInit.Tests.Support;

/// <summary>
/// The double values a float32 or bfloat16 fill rounds, computed on an independent path (one whole single-threaded draw
/// from an explicit stream): for an element-wise random initializer, its double arithmetic on the Philox stream's float
/// layout; for any other initializer, its double fill.
/// </summary>
internal static class FloatDraws
{
    public static double[] Of(Initializer initializer, int[] shape)
    {
        var values = new double[shape.Aggregate(1, (a, b) => a * b)];
        if (initializer is RandomInitializer { FillsPartsAlone: true } random)
        {
            random.Fill(values, shape, new PhiloxStream(random.EffectiveSeed, 0, singlePrecision: true));
        }
        else
        {
            initializer.Fill(values, shape);
        }

        return values;
    }
}
