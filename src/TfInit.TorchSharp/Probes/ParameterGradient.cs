namespace TfInit.TorchSharp.Probes;

/// <summary>A parameter's gradient after a backward pass, as <c>tfinit study</c> reports a weight's.</summary>
/// <param name="Name">The parameter's qualified name (e.g. <c>fc.weight</c>).</param>
/// <param name="Norm">The gradient's L2 norm.</param>
/// <param name="Std">The gradient's population standard deviation.</param>
public sealed record ParameterGradient(string Name, double Norm, double Std);
