using Microsoft.EntityFrameworkCore.Migrations;

#nullable disable

namespace MokoCrm.Web.Platform.Data.Migrations
{
    /// <inheritdoc />
    public partial class AutomaticEventSettings : Migration
    {
        /// <inheritdoc />
        protected override void Up(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.CreateSequence(
                name: "automatic_event_settings_hilo",
                schema: "agenda",
                incrementBy: 10);

            migrationBuilder.CreateTable(
                name: "automatic_event_settings",
                schema: "agenda",
                columns: table => new
                {
                    id = table.Column<long>(type: "bigint", nullable: false),
                    kind = table.Column<string>(type: "character varying(100)", maxLength: 100, nullable: false),
                    enabled = table.Column<bool>(type: "boolean", nullable: false)
                },
                constraints: table =>
                {
                    table.PrimaryKey("pk_automatic_event_settings", x => x.id);
                });

            migrationBuilder.CreateIndex(
                name: "ix_automatic_event_settings_kind",
                schema: "agenda",
                table: "automatic_event_settings",
                column: "kind",
                unique: true);
        }

        /// <inheritdoc />
        protected override void Down(MigrationBuilder migrationBuilder)
        {
            migrationBuilder.DropTable(
                name: "automatic_event_settings",
                schema: "agenda");

            migrationBuilder.DropSequence(
                name: "automatic_event_settings_hilo",
                schema: "agenda");
        }
    }
}
