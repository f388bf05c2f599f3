using System.Text.Json;
using System.Text.Json.Nodes;

namespace Terminal.Tools.Provisioning;

/// <summary>
/// The upload of a configuration file to a board's internal drive with nanoff's file deployment
/// (nanoFirmwareFlasher README, "Deploy file to device storage"): a JSON list of files, each
/// <c>DestinationFilePath</c> on the device and <c>SourceFilePath</c> on the PC; <c>SerialPort</c> is optional when the
/// command line gives <c>--serialport</c>.
/// </summary>
public static class NanoffDeployment
{
    /// <summary>Where the firmware reads its configuration (Terminal.Firmware/Core/Configuration/README.md).</summary>
    public const string DefaultDevicePath = @"I:\rp\config.txt";

    public const string PortPlaceholder = "<PORT>";

    public static string DeploymentJson(string sourceFullPath, string devicePath, string? serialPort)
    {
        var root = new JsonObject();
        if (serialPort is not null)
        {
            root["SerialPort"] = serialPort;
        }

        root["Files"] = new JsonArray(new JsonObject { ["DestinationFilePath"] = devicePath, ["SourceFilePath"] = sourceFullPath });
        return root.ToJsonString(new JsonSerializerOptions { WriteIndented = true }) + "\n";
    }

    /// <summary>
    /// Upload only, to a board already running nanoFramework: no <c>--target</c>, so nanoff talks the wire protocol
    /// directly instead of first going through the ESP32 bootloader (esptool), which is for flashing.
    /// </summary>
    public static string UploadCommand(string deploymentJsonPath, string? serialPort) =>
        "nanoff --serialport " + (serialPort ?? PortPlaceholder) + " --filedeployment " + Quote(deploymentJsonPath);

    /// <summary>Flash the nanoFramework firmware and upload the configuration in one run.</summary>
    public static string FlashAndUploadCommand(string deploymentJsonPath, string? serialPort) =>
        "nanoff --target ESP32_REV3 --serialport " + (serialPort ?? PortPlaceholder) + " --update --filedeployment " + Quote(deploymentJsonPath);

    private static string Quote(string path) => path.Contains(' ') ? "\"" + path + "\"" : path;
}
