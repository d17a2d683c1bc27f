namespace TfInit.TorchSharp;

/// <summary>One tensor that <see cref="ModuleInitialization.Initialize"/> filled.</summary>
/// <param name="Name">The qualified name (e.g. <c>fc.weight</c>, <c>bn.running_var</c>).</param>
/// <param name="ModuleType">The type of the module that owns it (e.g. <c>Linear</c>).</param>
/// <param name="Shape">Its shape.</param>
/// <param name="Initializer">What it was filled with.</param>
/// <param name="Seed">The name-keyed seed of its stream.</param>
public sealed record InitializedParameter(string Name, string ModuleType, long[] Shape, string Initializer, long Seed);
