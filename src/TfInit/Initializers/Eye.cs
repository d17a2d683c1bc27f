namespace TfInit.Initializers;

/// <summary>
/// PyTorch <c>nn.init.eye_</c>: the 2-D identity matrix (ones on the diagonal, rectangular allowed). The PyTorch
/// spelling of Keras's <see cref="Identity"/> with gain 1 (same values; config without gain, module tfinit.initializers).
/// </summary>
public sealed class Eye : Identity, IRegisteredInitializer<Eye>
{
    /// <summary>Creates the initializer.</summary>
    public Eye()
        : base(1.0)
    {
    }

    /// <inheritdoc />
    public static new string Formula => "eye(rows, cols); 2-D only";

    /// <inheritdoc />
    public static new int ListOrder => 230;

    /// <inheritdoc />
    public static new IReadOnlyList<string> MoreAliases => [];

    /// <inheritdoc />
    public static new Eye FromConfig(ConfigReader config) => new();

    /// <inheritdoc />
    public override string Module => "tfinit.initializers";

    /// <inheritdoc />
    public override IReadOnlyDictionary<string, object?> GetConfig() => new Dictionary<string, object?>();
}
