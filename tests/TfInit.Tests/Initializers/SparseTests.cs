using TfInit.Initializers;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// PyTorch sparse_(sparsity, std): for every input unit, exactly ceil(sparsity * outputs) of its weights are 0,
/// chosen at random; the others are N(0, std^2). Keras layout [in, out] (a row per input); torch layout
/// [out, in] (a column per input).
/// </summary>
public sealed class SparseTests
{
    [Theory]
    [InlineData("keras", 256, 128, 0.1, 13)]   // ceil(12.8)
    [InlineData("keras", 256, 128, 0.25, 32)]  // ceil(32) = 32
    [InlineData("keras", 64, 20, 0.9, 18)]
    [InlineData("keras", 50, 7, 0.5, 4)]       // ceil(3.5)
    [InlineData("keras", 40, 30, 0.0, 0)]
    [InlineData("torch", 256, 128, 0.1, 13)]   // shape [128, 256]: 256 inputs of 128 outputs
    [InlineData("torch", 64, 20, 0.9, 18)]
    public void EveryInputHasExactlyCeilSparsityTimesOutputsZeros(string layout, int inputs, int outputs, double sparsity, int zeros)
    {
        bool torch = layout == "torch";
        int[] shape = torch ? [outputs, inputs] : [inputs, outputs];
        var sparse = new Sparse(sparsity, 0.01, seed: 29) { Layout = torch ? FanLayout.Torch : FanLayout.Keras };
        double[] w = sparse.Generate(shape);

        double At(int input, int output) => torch ? w[(output * inputs) + input] : w[(input * outputs) + output];
        for (int input = 0; input < inputs; input++)
        {
            int count = Enumerable.Range(0, outputs).Count(o => At(input, o) == 0.0);
            Assert.True(count == zeros, $"input {input}: {count} zeros, expected {zeros}");
        }
    }

    [Fact]
    public void NonZerosAreNormalAndZerosAreSpreadOverOutputs()
    {
        const int inputs = 256, outputs = 128, zeros = 13;
        const double std = 0.05;
        double[] w = new Sparse(0.1, std, seed: 31).Generate(inputs, outputs);

        // Non-zero weights: N(0, std^2), checked with the tolerances of SampleAssert (N = 256 * 115).
        double[] nonZero = w.Where(v => v != 0.0).ToArray();
        Assert.Equal(inputs * (outputs - zeros), nonZero.Length);
        SampleAssert.MatchesLaw(nonZero, new NormalLaw(0, std), "Sparse non-zeros");

        // Each output is zeroed for a given input with probability p = 13 / 128, independently across inputs, so
        // the zeros in one output column are Binomial(256, p): within 5 * sqrt(256 p (1 - p)) of 256 p.
        double p = (double)zeros / outputs;
        double tolerance = 5 * Math.Sqrt(inputs * p * (1 - p));
        for (int o = 0; o < outputs; o++)
        {
            int count = Enumerable.Range(0, inputs).Count(i => w[(i * outputs) + o] == 0.0);
            Assert.True(Math.Abs(count - (inputs * p)) <= tolerance,
                $"output {o}: zeroed for {count} inputs, expected {inputs * p:F1} +- {tolerance:F1}");
        }
    }
}
