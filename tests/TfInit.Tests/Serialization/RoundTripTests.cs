using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Tests.Support;

namespace TfInit.Tests.Serialization;

/// <summary>
/// For every initializer class (with non-default arguments, layouts and axes where it takes them):
/// KerasJson.Serialize then Deserialize gives the same class, an identical GetConfig and, for a seeded instance,
/// identical values; in the Keras 3 form and in the Keras 2 / TensorFlow.NET form.
/// </summary>
public sealed class RoundTripTests
{
    public static TheoryData<string> AllNames() => InitializerCatalog.Names(InitializerCatalog.All);

    [Fact]
    public void CatalogCoversEveryExportedInitializerClass()
    {
        Assert.Equal(InitializerCatalog.ClassesExported(), InitializerCatalog.ClassesCovered());
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Keras3JsonRoundTripKeepsConfigAndValues(string name) => RoundTrip(name, keras2: false);

    [Theory]
    [MemberData(nameof(AllNames))]
    public void Keras2JsonRoundTripKeepsConfigAndValues(string name) => RoundTrip(name, keras2: true);

    [Theory]
    [MemberData(nameof(AllNames))]
    public void ToStringIsTheKeras3Json(string name)
    {
        var initializer = InitializerCatalog.Get(name).Create(5);
        Assert.Equal(KerasJson.Serialize(initializer), initializer.ToString());
    }

    [Fact]
    public void UnseededRoundTripKeepsTheNullSeed()
    {
        // As in Keras, the config of an unseeded initializer says seed null, so the copy draws its own random seed.
        var copy = KerasJson.Deserialize(KerasJson.Serialize(new HeNormal()));
        Assert.IsType<HeNormal>(copy);
        Assert.Null(copy.GetConfig()["seed"]);
    }

    private static void RoundTrip(string name, bool keras2)
    {
        var entry = InitializerCatalog.Get(name);
        var original = entry.Create(5);
        string json = KerasJson.Serialize(original, keras2);
        var copy = KerasJson.Deserialize(json);

        Assert.Equal(original.GetType(), copy.GetType());
        ConfigAssert.Equal(original.GetConfig(), copy.GetConfig(), $"{name} via {json}");
        Bits.Equal(original.Generate(entry.Shape), copy.Generate(entry.Shape), $"{name} via {json}");
        Assert.Equal(json, KerasJson.Serialize(copy, keras2));
    }
}
