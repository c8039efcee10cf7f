using Microsoft.EntityFrameworkCore;
using MokoCrm.Web.Modules.Alpha.Domain;
using MokoCrm.Web.Platform.Data;

namespace MokoCrm.ArchitectureTests.Data;

public sealed class ModelTests
{
    private static readonly Lazy<Microsoft.EntityFrameworkCore.Metadata.IModel> App = new(() => ModelRules.BuildModel());
    private static readonly Lazy<Microsoft.EntityFrameworkCore.Metadata.IModel> WithBadExample = new(() => ModelRules.BuildModel(new BadExampleModel()));

    [Fact]
    public void The_model_has_the_app_tables()
    {
        // Guards against checking an empty or wrong model (and so passing on nothing).
        ModelRules.Tables(App.Value).Select(e => e.GetTableName()).ShouldContain("users");
        ModelRules.Tables(App.Value).Select(e => e.GetTableName()).ShouldContain("stored_files");
    }

    [Fact]
    public void Every_table_lives_in_the_schema_of_its_module()
    {
        ModelRules.SchemaViolations(App.Value).ShouldBeEmpty();
    }

    [Fact]
    public void Every_table_name_is_snake_case()
    {
        ModelRules.TableNameViolations(App.Value).ShouldBeEmpty();
    }

    [Fact]
    public void Every_single_bigint_key_takes_its_values_from_a_HiLo_sequence()
    {
        ModelRules.KeyViolations(App.Value).ShouldBeEmpty();
    }

    [Fact]
    public void Every_decimal_column_has_an_explicit_precision()
    {
        ModelRules.DecimalViolations(App.Value).ShouldBeEmpty();
    }

    [Fact]
    public void Each_model_rule_reports_exactly_the_faults_of_a_bad_example()
    {
        var model = WithBadExample.Value;

        ModelRules.SchemaViolations(model).ShouldBe(["BadWidget: schema platform, expected alpha"]);
        ModelRules.TableNameViolations(model).ShouldBe(["BadWidget: table BadWidgets"]);
        ModelRules.KeyViolations(model).ShouldBe(["BadWidget.Id: not a HiLo key"]);
        ModelRules.DecimalViolations(model).ShouldBe(["BadWidget.Price: decimal without explicit precision and scale"]);
        // the good example beside it passes every rule, so the rules do not just flag whatever is new
        ModelRules.Tables(model).Select(e => e.ClrType).ShouldContain(typeof(GoodWidget));
    }

    /// <summary>Adds one entity breaking each rule once, and one keeping them all, to the real model.</summary>
    private sealed class BadExampleModel : IModelContributor
    {
        public void Configure(ModelBuilder modelBuilder)
        {
            modelBuilder.Entity<BadWidget>(b =>
            {
                b.ToTable("BadWidgets", ModelConventions.PlatformSchema);
                b.Property(w => w.Id).ValueGeneratedNever();
            });
            modelBuilder.Entity<GoodWidget>(b =>
            {
                b.ToTable("good_widgets");
                b.Property(w => w.Price).HasPrecision(18, 5);
            });
        }
    }
}
