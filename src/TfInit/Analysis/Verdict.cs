namespace TfInit.Analysis;

/// <summary>What a network's signal does at initialization, judged by <see cref="VerdictRules"/>.</summary>
public enum Verdict
{
    /// <summary>Activations and back-propagated gradients keep their scale from layer to layer.</summary>
    Healthy,

    /// <summary>The forward activations or the back-propagated gradients shrink geometrically with depth.</summary>
    Vanishing,

    /// <summary>They grow geometrically with depth, or a value, the loss or a gradient overflowed (not finite).</summary>
    Exploding,

    /// <summary>Most outputs of some tanh/sigmoid layer sit at the activation's bounds.</summary>
    Saturated,

    /// <summary>Almost every output of some layer is exactly zero (dead ReLUs, or values that underflowed to 0), or all are equal.</summary>
    Dead,
}
