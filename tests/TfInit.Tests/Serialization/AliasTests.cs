using TfInit.Serialization;

namespace TfInit.Tests.Serialization;

/// <summary>
/// Every name Keras 3 accepts (keras/src/initializers/__init__.py: class names, their snake_case forms and the
/// aliases uniform, normal, orthogonal, Orthogonal, one, zero), Keras 2's Identity/Orthogonal spellings, and the
/// PyTorch / JAX names TfInit adds, map to the right class; anything else is an error that lists the valid names
/// (TensorFlow.NET silently falls back to glorot_uniform).
/// </summary>
public sealed class AliasTests
{
    public static TheoryData<string, string> Aliases() => new()
    {
        // Keras 3 class names and to_snake_case(class name)
        { "Zeros", "Zeros" }, { "zeros", "Zeros" },
        { "Ones", "Ones" }, { "ones", "Ones" },
        { "Constant", "Constant" }, { "constant", "Constant" },
        { "RandomNormal", "RandomNormal" }, { "random_normal", "RandomNormal" },
        { "RandomUniform", "RandomUniform" }, { "random_uniform", "RandomUniform" },
        { "TruncatedNormal", "TruncatedNormal" }, { "truncated_normal", "TruncatedNormal" },
        { "VarianceScaling", "VarianceScaling" }, { "variance_scaling", "VarianceScaling" },
        { "GlorotNormal", "GlorotNormal" }, { "glorot_normal", "GlorotNormal" },
        { "GlorotUniform", "GlorotUniform" }, { "glorot_uniform", "GlorotUniform" },
        { "HeNormal", "HeNormal" }, { "he_normal", "HeNormal" },
        { "HeUniform", "HeUniform" }, { "he_uniform", "HeUniform" },
        { "LecunNormal", "LecunNormal" }, { "lecun_normal", "LecunNormal" },
        { "LecunUniform", "LecunUniform" }, { "lecun_uniform", "LecunUniform" },
        { "OrthogonalInitializer", "Orthogonal" }, { "orthogonal_initializer", "Orthogonal" },
        { "Identity", "Identity" }, { "identity", "Identity" }, { "IdentityInitializer", "Identity" },
        // Keras 3 aliases
        { "uniform", "RandomUniform" }, { "normal", "RandomNormal" },
        { "orthogonal", "Orthogonal" }, { "Orthogonal", "Orthogonal" },
        { "one", "Ones" }, { "zero", "Zeros" },
        // PyTorch nn.init and JAX
        { "xavier_uniform", "XavierUniform" }, { "XavierUniform", "XavierUniform" },
        { "xavier_normal", "XavierNormal" }, { "XavierNormal", "XavierNormal" },
        { "kaiming_uniform", "KaimingUniform" }, { "KaimingUniform", "KaimingUniform" },
        { "kaiming_normal", "KaimingNormal" }, { "KaimingNormal", "KaimingNormal" },
        { "trunc_normal", "TruncNormal" }, { "TruncNormal", "TruncNormal" },
        { "dirac", "Dirac" }, { "Dirac", "Dirac" },
        { "eye", "Eye" }, { "Eye", "Eye" },
        { "delta_orthogonal", "DeltaOrthogonal" }, { "DeltaOrthogonal", "DeltaOrthogonal" },
    };

    [Theory]
    [MemberData(nameof(Aliases))]
    public void NameMapsToItsClass(string name, string className)
    {
        Assert.Equal(className, KerasJson.Deserialize(name).GetType().Name);
        Assert.Equal(className, KerasJson.Deserialize($$$"""{"class_name": "{{{name}}}", "config": {}}""").GetType().Name);
        Assert.Contains(name, InitializerRegistry.Names);
    }

    [Theory]
    [InlineData("sparse", "Sparse")]
    [InlineData("Sparse", "Sparse")]
    [InlineData("pretrained", "Pretrained")]
    [InlineData("Pretrained", "Pretrained")]
    public void NamesWithRequiredArgumentsMapToTheirClass(string name, string className)
    {
        string config = className == "Sparse" ? """{"sparsity": 0.1}""" : """{"path": "weights.npy"}""";
        Assert.Equal(className, KerasJson.Deserialize($$$"""{"class_name": "{{{name}}}", "config": {{{config}}}}""").GetType().Name);
    }

    [Theory]
    [InlineData("glorot_uniformm")]
    [InlineData("Xavier")]
    [InlineData("HE_NORMAL")]        // names are case-sensitive, as in Keras
    [InlineData("He_Normal")]
    [InlineData("")]
    [InlineData("Initializer")]
    public void UnknownNameIsAnErrorListingTheValidNames(string name)
    {
        var error = Assert.Throws<ArgumentException>(() => KerasJson.Deserialize(name));
        Assert.Equal("name", error.ParamName);
        Assert.Contains($"'{name}'", error.Message, StringComparison.Ordinal);
        foreach (string valid in new[] { "glorot_uniform", "he_normal", "GlorotUniform", "orthogonal", "zeros", "one", "xavier_normal" })
        {
            Assert.Contains(valid, error.Message, StringComparison.Ordinal);
        }

        var jsonError = Assert.Throws<ArgumentException>(() => KerasJson.Deserialize($$$"""{"class_name": "{{{name}}}", "config": {}}"""));
        Assert.Contains("he_normal", jsonError.Message, StringComparison.Ordinal);
    }
}
