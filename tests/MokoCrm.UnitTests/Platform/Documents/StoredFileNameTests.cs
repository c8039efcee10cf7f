using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using MokoCrm.Web.Platform.Documents;

namespace MokoCrm.UnitTests.Platform.Documents;

public sealed class StoredFileNameTests
{
    [Theory]
    [InlineData("C:\\Users\\ann\\Desktop\\offer.pdf", "offer.pdf")]
    [InlineData("../../etc/passwd.txt", "passwd.txt")]
    [InlineData("report\u0000\u0007.csv", "report.csv")]
    [InlineData("invoice\u202Efdp.exe", "invoicefdp.exe")]
    [InlineData("  tabs\tand   spaces .txt  ", "tabs and spaces .txt")]
    [InlineData("what?<is>:this|\"*.png", "whatisthis.png")]
    [InlineData("...hidden.txt...", "hidden.txt")]
    [InlineData("Łódź – смета №5.xlsx", "Łódź – смета №5.xlsx")]
    public void A_file_name_keeps_only_its_last_segment_without_dangerous_characters(string sent, string stored)
    {
        StoredFileName.Sanitise(sent).ShouldBe(stored);
    }

    [Fact]
    public void A_very_long_file_name_is_shortened_but_keeps_its_extension()
    {
        var stored = StoredFileName.Sanitise(new string('a', 400) + ".docx");

        stored.Length.ShouldBe(StoredFile.FileNameMaxLength);
        stored.ShouldEndWith("a.docx");
    }

    [Fact]
    public void A_name_made_only_of_a_path_is_empty()
    {
        StoredFileName.Sanitise("folder/").ShouldBeEmpty();
    }

    [Fact]
    public void Upload_limits_and_allowed_types_are_read_from_configuration_and_replace_the_defaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Moko:Documents:MaxUploadBytes"] = "1048576",
            ["Moko:Documents:AllowedTypes:pdf:0"] = "application/pdf",
            ["Moko:Documents:AllowedTypes:dwg:0"] = "image/vnd.dwg",
        }).Build();
        using var services = new ServiceCollection().AddDocuments(configuration).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DocumentStoreOptions>>().Value;

        options.MaxUploadBytes.ShouldBe(1048576);
        options.AllowedTypes.ShouldNotBeNull();
        options.AllowedTypes.Keys.Order().ShouldBe(["dwg", "pdf"]);
    }

    [Fact]
    public void Without_configuration_the_limit_is_25_MB()
    {
        using var services = new ServiceCollection().AddDocuments(new ConfigurationBuilder().Build()).BuildServiceProvider();

        var options = services.GetRequiredService<IOptions<DocumentStoreOptions>>().Value;

        options.MaxUploadBytes.ShouldBe(25L * 1024 * 1024);
        options.AllowedTypes.ShouldBeNull();
        DocumentStoreOptions.DefaultAllowedTypes.Keys.ShouldBe(
            ["pdf", "png", "jpg", "jpeg", "gif", "webp", "txt", "csv", "xlsx", "docx", "odt", "ods", "zip", "eml"], ignoreOrder: true);
    }
}
