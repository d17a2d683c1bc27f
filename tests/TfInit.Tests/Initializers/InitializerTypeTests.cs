using System.Reflection;
using TfInit.Initializers;
using TfInit.Serialization;
using TfInit.Shapes;
using TfInit.Tests.Support;

namespace TfInit.Tests.Initializers;

/// <summary>
/// The one-contract-per-initializer design: the registry, the names, the <c>tfinit list</c> entries and the config
/// reading follow from each class's <see cref="IRegisteredInitializer{TSelf}"/> members; the constructor's defaults
/// are the config's defaults; <see cref="Initializer.WithConfig"/> and <see cref="RandomInitializer.WithSeed"/> clone
/// through the class's own FromConfig.
/// </summary>
public sealed class InitializerTypeTests
{
    public static TheoryData<string> AllNames() => InitializerCatalog.Names(InitializerCatalog.All);

    public static TheoryData<string> RandomNames() => InitializerCatalog.Names(InitializerCatalog.Random);

    [Fact]
    public void EveryExportedInitializerClassIsRegistered()
    {
        // A class that forgets IRegisteredInitializer<TSelf> would be unknown to Keras JSON and tfinit list.
        Assert.Equal(InitializerCatalog.ClassesExported(), InitializerType.All.Select(t => t.ClassName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void TheGeneratedRegistryHoldsWhatReflectionFinds()
    {
        // The source generator writes the list; reflection over the assembly (what the registry ran before) must find the
        // same classes (non-public ones included), so a generator bug cannot drop one silently.
        var reflected = typeof(Initializer).Assembly.GetTypes()
            .Where(t => !t.IsAbstract && t.GetInterfaces().Any(i =>
                i.IsGenericType && i.GetGenericTypeDefinition() == typeof(IRegisteredInitializer<>) && i.GenericTypeArguments[0] == t))
            .Select(t => t.FullName).Order(StringComparer.Ordinal);
        Assert.Equal(reflected, InitializerType.All.Select(t => t.Type.FullName).Order(StringComparer.Ordinal));
    }

    [Fact]
    public void ListOrdersAreDistinctAndAscending()
    {
        var orders = InitializerType.All.Select(t => t.ListOrder).ToArray();
        Assert.Equal(orders.Distinct().Count(), orders.Length);
        Assert.Equal(orders.Order(), orders);
    }

    [Theory]
    [InlineData("HeNormal", "he_normal")]
    [InlineData("DeltaOrthogonal", "delta_orthogonal")]
    [InlineData("TruncNormal", "trunc_normal")]
    [InlineData("Eye", "eye")]
    public void TheFirstAliasIsKerasSnakeCaseOfTheClassName(string className, string snake)
    {
        Assert.Equal(snake, InitializerRegistry.Find(className).Aliases[0]);
    }

    [Fact]
    public void SnakeCaseMatchesKerasRegularExpressionsOnAnyName()
    {
        // The scans against Keras's two re.sub calls themselves (.NET's Regex has Python's semantics for these
        // patterns), on 20,000 random names of upper, lower, digits and underscores and on the shapes class names take.
        static string Keras(string name) =>
            System.Text.RegularExpressions.Regex.Replace(
                System.Text.RegularExpressions.Regex.Replace(name, "(.)([A-Z][a-z]+)", "$1_$2"), "([a-z])([A-Z])", "$1_$2").ToLowerInvariant();
        var random = new System.Random(16);
        const string alphabet = "ABCXYZabcxyz019_";
        var names = Enumerable.Range(0, 20_000)
            .Select(_ => new string(Enumerable.Range(0, random.Next(0, 12)).Select(_ => alphabet[random.Next(alphabet.Length)]).ToArray()))
            .Concat(["HeNormal", "STFT", "LSUVInit", "A", "aB", "ABc", "XMLHttpRequest", "Conv2DTranspose", "IdentityInitializer"]);
        foreach (string name in names)
        {
            Assert.Equal(Keras(name), InitializerType.SnakeCase(name));
        }
    }

    [Fact]
    public void EyeDoesNotInheritTheAliasesOfIdentity()
    {
        // Eye derives from Identity; the static members it states are its own, not Identity's.
        Assert.Equal(["eye"], InitializerRegistry.Find("Eye").Aliases);
        Assert.Equal(["identity", "IdentityInitializer", "identity_initializer"], InitializerRegistry.Find("Identity").Aliases);
    }

    [Fact]
    public void ConstructorDefaultsAreTheConfigDefaults()
    {
        // Built by the constructor with every optional argument left out versus read from an empty config: the same
        // config, so a default written in one place only cannot drift from the other.
        foreach (var type in InitializerType.All.Where(t => t.RequiredKeys.Count == 0))
        {
            var constructor = PrimaryConstructor(type.Type);
            var byConstructor = (Initializer)constructor.Invoke(constructor.GetParameters().Select(_ => Type.Missing).ToArray());
            ConfigAssert.Equal(byConstructor.GetConfig(), type.Defaults, type.ClassName);
        }
    }

    [Fact]
    public void RequiredKeysAreTheConstructorParametersWithoutDefault()
    {
        foreach (var type in InitializerType.All)
        {
            var required = PrimaryConstructor(type.Type).GetParameters().Where(p => !p.HasDefaultValue).Select(p => p.Name);
            Assert.Equal(required, type.RequiredKeys);
        }
    }

    /// <summary>
    /// The constructor that states the defaults: the only one, or, where a class also takes an array value through its
    /// own constructor (Constant, STFT, ConstantInitializer), the one whose parameters all have defaults.
    /// </summary>
    private static System.Reflection.ConstructorInfo PrimaryConstructor(Type type)
    {
        var constructors = type.GetConstructors();
        return constructors.Length == 1 ? constructors[0] : constructors.Single(c => c.GetParameters().All(p => p.HasDefaultValue));
    }

    [Fact]
    public void ConfigKeysSayWhichClassesTakeASeedAndALayout()
    {
        foreach (var type in InitializerType.All)
        {
            Assert.Equal(type.Type.IsSubclassOf(typeof(RandomInitializer)), type.ConfigKeys.Contains("seed"));
            Assert.Equal(type.Type.GetProperty("Layout", BindingFlags.Public | BindingFlags.Instance) is not null, type.ConfigKeys.Contains("layout"));
        }
    }

    [Theory]
    [MemberData(nameof(AllNames))]
    public void WithConfigOfNothingIsAnEqualCopy(string name)
    {
        var entry = InitializerCatalog.Get(name);
        var original = entry.Create(9);
        var copy = original.WithConfig(new Dictionary<string, object?>());

        Assert.NotSame(original, copy);
        Assert.Equal(original.GetType(), copy.GetType());
        ConfigAssert.Equal(original.GetConfig(), copy.GetConfig(), name);
        Bits.Equal(original.Generate(entry.Shape), copy.Generate(entry.Shape), name);
    }

    [Theory]
    [MemberData(nameof(RandomNames))]
    public void WithSeedGivesTheValuesOfAnInstanceMadeWithThatSeed(string name)
    {
        var entry = InitializerCatalog.Get(name);
        var original = (RandomInitializer)entry.Create(9);
        var reseeded = original.WithSeed(123);

        Assert.Equal(original.GetType(), reseeded.GetType());
        Assert.Equal(123, reseeded.Seed);
        Assert.Equal(9, original.Seed);
        Bits.Equal(entry.Create(123).Generate(entry.Shape), reseeded.Generate(entry.Shape), name);
        Assert.Equal(KerasJson.Serialize(entry.Create(123)), KerasJson.Serialize(reseeded));
    }

    [Fact]
    public void WithSeedKeepsLayoutAndAxes()
    {
        var reseeded = (HeNormal)new HeNormal(1) { Layout = FanLayout.Torch, Axes = new FanAxes(0, 1, 2) }.WithSeed(2);
        Assert.Equal(FanLayout.Torch, reseeded.Layout);
        Assert.Equal(new FanAxes(0, 1, 2).Compute([6, 8, 3]), reseeded.Axes!.Compute([6, 8, 3]));
    }

    [Fact]
    public void WithConfigRefusesAKeyTheClassDoesNotTake()
    {
        var e = Assert.Throws<ArgumentException>(() => new Ones().WithConfig(new Dictionary<string, object?> { ["seed"] = 3L }));
        Assert.Contains("'seed'", e.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void WithConfigChecksTheNewValueAsTheConstructorDoes()
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => new RandomNormal(seed: 1).WithConfig(new Dictionary<string, object?> { ["stddev"] = -1.0 }));
        Assert.Equal("stddev", e.ParamName);
        Assert.Throws<ArgumentOutOfRangeException>(() => new HeNormal(1).WithSeed(-5));
    }
}
