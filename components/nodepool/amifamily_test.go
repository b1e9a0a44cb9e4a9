package nodepool

import (
	"testing"

	"github.com/stretchr/testify/assert"
	"github.com/stretchr/testify/require"
)

// encryptedGp3 is the EBS part of every volume the template maps, with size when it sets one.
func encryptedGp3(size any) map[string]any {
	ebs := map[string]any{"volumeType": "gp3", "encrypted": "true", "deleteOnTermination": "true"}
	if size != nil {
		ebs["volumeSize"] = size
	}
	return ebs
}

func TestVolumesAndAmiTypeFollowTheAmiFamily(t *testing.T) {
	cases := []struct {
		desc    string
		family  AmiFamily
		types   []string
		amiType string
		devices []any
	}{
		{"default is AL2023, one root volume", "", []string{"m6i.large"}, AmiX86, []any{
			map[string]any{"deviceName": "/dev/xvda", "ebs": encryptedGp3(80.0)},
		}},
		{"AL2023 on Graviton", AL2023, []string{"m7g.large"}, AmiArm, []any{
			map[string]any{"deviceName": "/dev/xvda", "ebs": encryptedGp3(80.0)},
		}},
		{"Bottlerocket: OS volume at the AMI's size, data volume sized", Bottlerocket, []string{"m6i.large"}, AmiBottlerocketX86, []any{
			map[string]any{"deviceName": "/dev/xvda", "ebs": encryptedGp3(nil)},
			map[string]any{"deviceName": "/dev/xvdb", "ebs": encryptedGp3(80.0)},
		}},
		{"Bottlerocket on Graviton", Bottlerocket, []string{"c7g.xlarge", "m7g.xlarge"}, AmiBottlerocketArm, []any{
			map[string]any{"deviceName": "/dev/xvda", "ebs": encryptedGp3(nil)},
			map[string]any{"deviceName": "/dev/xvdb", "ebs": encryptedGp3(80.0)},
		}},
	}
	for _, tc := range cases {
		t.Run(tc.desc, func(t *testing.T) {
			args := generalArgs()
			args.AmiFamily, args.InstanceTypes, args.DiskSizeGiB = tc.family, tc.types, 80
			m, _ := run(t, args)

			assert.Equal(t, tc.amiType, nodeGroup(t, m).Input("amiType"), "the node group's AMI type must be explicit")
			lt, ok := m.Named(launchTmplType, "general")
			require.True(t, ok, "no launch template named general")
			assert.Equal(t, tc.devices, lt.Input("blockDeviceMappings"),
				"images and pod storage must land on the sized volume of the family's layout")
			assert.Equal(t, 1.0, lt.Input("metadataOptions.httpPutResponseHopLimit"), "hop limit 1 on every family")
			assert.Equal(t, "required", lt.Input("metadataOptions.httpTokens"))
			assert.Nil(t, lt.Input("userData"), "EKS writes the family's bootstrap settings itself")
			assert.Nil(t, lt.Input("imageId"))
		})
	}
}

func TestCallerAmiFamilyIsNotFilledIn(t *testing.T) {
	args := generalArgs()
	run(t, args)
	assert.Empty(t, args.AmiFamily, "defaults must be filled on a copy")
}
