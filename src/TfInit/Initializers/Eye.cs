namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.eye_</c>: the 2-D identity matrix (ones on the diagonal, rectangular allowed);
/// Keras's <see cref="Identity"/> with gain 1.
/// </summary>
public sealed class Eye : Identity
{
    /// <summary>Creates the initializer.</summary>
    public Eye()
        : base(1.0)
    {
    }

    /// <inheritdoc />
    public override string ClassName => "Eye";

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>();
}
